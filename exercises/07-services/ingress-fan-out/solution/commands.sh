kubectl get ingressclass
kubectl get services
kubectl create ingress vitrine --class=nginx \
  --rule="atelier.example.com/boutique*=boutique:80" \
  --rule="atelier.example.com/blog*=blog:8080"
kubectl describe ingress vitrine
kubectl wait --for=jsonpath='{.status.phase}'=Running pod/client --timeout=60s
for attempt in 1 2 3 4 5 6 7 8 9 10; do
  kubectl exec client -- curl -sS -f -m 3 -H 'Host: atelier.example.com' \
    http://ingress-nginx-controller.ingress-nginx/blog/article && break
  sleep 1
done
