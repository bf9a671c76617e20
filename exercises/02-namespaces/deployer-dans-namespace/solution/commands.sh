kubectl create namespace recette
kubectl create deployment api --image=nginx:1.25 --replicas=2 -n recette
