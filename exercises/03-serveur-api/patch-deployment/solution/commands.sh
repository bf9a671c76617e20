kubectl patch deployment front -p '{"spec":{"revisionHistoryLimit":3}}'
kubectl annotate deployment front proprietaire=equipe-web
