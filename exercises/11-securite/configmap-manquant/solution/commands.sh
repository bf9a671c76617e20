kubectl get pods -l app=front
kubectl get deployment front -o jsonpath='{.spec.template.spec.containers[0].envFrom}'
kubectl create configmap front-config --from-literal=API_URL=http://api:8080
kubectl rollout status deployment front --timeout=90s
