kubectl rollout status deployment/rapports --timeout=60s
kubectl logs deployment/rapports --tail=3
kubectl exec deployment/rapports -- cat /etc/resolv.conf
kubectl get deployment rapports -o jsonpath='{.spec.template.spec.dnsPolicy}{"\n"}'
kubectl patch deployment rapports -p '{"spec":{"template":{"spec":{"dnsPolicy":"ClusterFirst"}}}}'
kubectl rollout status deployment/rapports --timeout=60s
kubectl exec deployment/rapports -- cat /etc/resolv.conf
