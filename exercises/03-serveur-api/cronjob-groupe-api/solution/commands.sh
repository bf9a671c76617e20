kubectl create cronjob nettoyage --image=busybox:1.36 --schedule='0 3 * * *' -- echo nettoyage
