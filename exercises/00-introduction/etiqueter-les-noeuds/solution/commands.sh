kubectl get nodes --show-labels
kubectl label nodes -l '!node-role.kubernetes.io/control-plane' atelier.fr/role=travail
kubectl patch deployment vitrine -p '{"spec":{"template":{"spec":{"nodeSelector":{"atelier.fr/role":"travail"}}}}}'
kubectl rollout status deployment vitrine --timeout=60s
kubectl get pods -l app=vitrine -o wide
