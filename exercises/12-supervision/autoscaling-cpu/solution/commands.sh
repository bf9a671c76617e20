kubectl set resources deployment web --requests=cpu=100m
kubectl autoscale deployment web --min=2 --max=5 --cpu-percent=50
