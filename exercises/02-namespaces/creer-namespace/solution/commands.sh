kubectl create namespace equipe-a
kubectl label namespace equipe-a equipe=a
