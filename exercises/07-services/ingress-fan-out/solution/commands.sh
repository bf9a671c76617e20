kubectl get ingressclass
kubectl get services
kubectl create ingress vitrine --class=nginx \
  --rule="atelier.example.com/boutique*=boutique:80" \
  --rule="atelier.example.com/blog*=blog:8080"
kubectl describe ingress vitrine
