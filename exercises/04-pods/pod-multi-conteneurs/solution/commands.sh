kubectl apply -f - <<'EOF'
apiVersion: v1
kind: Pod
metadata:
  name: app
  labels:
    app: app
spec:
  containers:
    - name: web
      image: nginx:1.25
    - name: journal
      image: busybox:1.36
      command: [sleep, "3600"]
EOF
kubectl wait --for=condition=Ready pod/app --timeout=60s
