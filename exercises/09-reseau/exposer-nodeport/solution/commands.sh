kubectl create service nodeport web --tcp=80:8080 --node-port=30080
kubectl get endpoints web
