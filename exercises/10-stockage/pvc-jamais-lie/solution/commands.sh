kubectl delete pvc journaux
kubectl apply -f - <<'EOF'
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: journaux
spec:
  accessModes: [ReadWriteMany]
  storageClassName: lent
  resources:
    requests:
      storage: 1Gi
EOF
