kubectl exec frontend -- wget -qO- -T 2 http://api || true
kubectl get pods -n kube-system -l k8s-app=kube-dns --show-labels
kubectl describe networkpolicy frontend-sortie
kubectl patch networkpolicy frontend-sortie --type=json -p '[{"op": "add", "path": "/spec/egress/-", "value": {
  "to": [{"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "kube-system"}},
          "podSelector": {"matchLabels": {"k8s-app": "kube-dns"}}}],
  "ports": [{"protocol": "UDP", "port": 53}, {"protocol": "TCP", "port": 53}]
}}]'
kubectl exec frontend -- wget -qO- -T 2 http://api
