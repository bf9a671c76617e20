kubectl create ingress boutique --class=nginx --rule='boutique.local/web*=web:80' --rule='boutique.local/api*=api:8080'
kubectl get ingress boutique
