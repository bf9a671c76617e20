kubectl apply -f - <<'YAML'
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: db-acces
spec:
  podSelector:
    matchLabels:
      app: db
  policyTypes: [Ingress]
  ingress:
    - from:
        - podSelector:
            matchLabels:
              app: api
      ports:
        - protocol: TCP
          port: 8080
YAML
kubectl describe networkpolicy db-acces
# The policy applies within a second or two: api still gets an answer, intrus no longer does.
for attempt in 1 2 3 4 5 6 7 8 9 10; do
  kubectl exec api -- curl -sS -m 3 http://db:8080 &&
    ! kubectl exec intrus -- curl -sS -m 3 http://db:8080 && break
  sleep 1
done
