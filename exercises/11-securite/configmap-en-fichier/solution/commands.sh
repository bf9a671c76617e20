kubectl describe configmap reglages
kubectl apply -f - <<'YAML'
apiVersion: v1
kind: Pod
metadata:
  name: lecteur
  labels:
    app: lecteur
spec:
  containers:
    - name: lecteur
      image: nginx:1.27
      env:
        - name: NIVEAU_LOG
          valueFrom:
            configMapKeyRef:
              name: reglages
              key: niveau-log
      volumeMounts:
        - name: reglages
          mountPath: /etc/reglages
          readOnly: true
  volumes:
    - name: reglages
      configMap:
        name: reglages
YAML
kubectl wait --for=condition=Ready pod/lecteur --timeout=60s
kubectl exec lecteur -- cat /etc/reglages/mode
kubectl exec lecteur -- printenv NIVEAU_LOG
