kubectl describe node controlplane | grep Taints
kubectl patch pod sauvegarde -p '{"spec":{"tolerations":[{"key":"node-role.kubernetes.io/control-plane","operator":"Exists","effect":"NoSchedule"}]}}'
kubectl wait --for=condition=Ready pod/sauvegarde --timeout=60s
