kubectl auth can-i list pods --namespace equipe-a --as alice || true
kubectl create role lecteur-pods --verb=get,list,watch --resource=pods --namespace equipe-a
kubectl create rolebinding alice-lecteur-pods --role=lecteur-pods --user=alice --namespace equipe-a
kubectl auth can-i list pods --namespace equipe-a --as alice
kubectl auth can-i watch pods --namespace equipe-a --as alice
test "$(kubectl auth can-i delete pods --namespace equipe-a --as alice || true)" = "no"
test "$(kubectl auth can-i list pods --namespace default --as alice || true)" = "no"
