kubectl expose deployment web --type=NodePort --port=80 --target-port=80 --name=web-nodeport
kubectl patch service web-nodeport --type=json -p '[{"op":"replace","path":"/spec/ports/0/nodePort","value":30080}]'
kubectl get service web-nodeport
kubectl get nodes -o wide
