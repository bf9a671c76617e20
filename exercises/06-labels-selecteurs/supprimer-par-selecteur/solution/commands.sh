kubectl delete pods -l 'env in (dev,staging)'
