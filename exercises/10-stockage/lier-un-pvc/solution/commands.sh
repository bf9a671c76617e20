kubectl apply -f - <<'EOF'
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: donnees
spec:
  accessModes: [ReadWriteOnce]
  storageClassName: manuel
  resources:
    requests:
      storage: 500Mi
EOF
kubectl wait --for=jsonpath='{.status.phase}'=Bound pvc/donnees --timeout=60s
