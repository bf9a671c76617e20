kubectl run web --image=nginx:1.25 --labels=app=web
kubectl wait --for=condition=Ready pod/web --timeout=60s
