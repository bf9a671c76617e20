kubectl create quota limites -n partage --hard=pods=4,requests.cpu=2
