kubectl describe secret db-identifiants
kubectl set env deployment/api --keys=password --from=secret/db-identifiants --prefix=DB_
kubectl patch deployment api --type=strategic -p '{
  "spec": {"template": {"spec": {
    "volumes": [{"name": "db", "secret": {"secretName": "db-identifiants"}}],
    "containers": [{"name": "api", "volumeMounts": [{"name": "db", "mountPath": "/etc/db", "readOnly": true}]}]
  }}}
}'
kubectl rollout status deployment api --timeout=60s
kubectl get deployment api -o jsonpath='{.spec.template.spec.containers[0].env}'
