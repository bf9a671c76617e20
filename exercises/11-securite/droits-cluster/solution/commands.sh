SA=system:serviceaccount:default:supervision
kubectl auth can-i list nodes --as "$SA" || true
kubectl create clusterrole lecteur-cluster --verb=get,list,watch --resource=nodes,pods
kubectl create clusterrolebinding supervision-lecteur-cluster --clusterrole=lecteur-cluster \
  --serviceaccount=default:supervision
kubectl auth can-i list nodes --as "$SA"
kubectl auth can-i list pods --all-namespaces --as "$SA"
kubectl auth can-i watch pods -n kube-system --as "$SA"
test "$(kubectl auth can-i delete pods -n kube-system --as "$SA" || true)" = "no"
kubectl get nodes --as "$SA"
