kubectl expose deployment web --type=NodePort --port=80 --target-port=80 --name=web-nodeport
kubectl patch service web-nodeport --type=json -p '[{"op":"replace","path":"/spec/ports/0/nodePort","value":30080}]'
kubectl get service web-nodeport
kubectl get nodes -o wide
kubectl wait --for=jsonpath='{.status.phase}'=Running pod/client --timeout=60s
node_ip=$(kubectl get node node01 -o jsonpath='{.status.addresses[?(@.type=="InternalIP")].address}')
for attempt in 1 2 3 4 5 6 7 8 9 10; do
  kubectl exec client -- wget -qO- -T 2 "http://$node_ip:30080" && break
  sleep 1
done
