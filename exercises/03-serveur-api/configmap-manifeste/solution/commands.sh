kubectl create configmap reglages --from-literal=MODE=production --from-literal=NIVEAU_LOG=info
