kubectl label pods -l app=front tier=frontend
kubectl label pod back-1 tier=backend
