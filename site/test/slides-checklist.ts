/**
 * The course checklist derived from the slides (course-source/slides-kubernetes-fr.txt): every slide heading,
 * and the key topics listed on it, mapped to the lesson section that teaches it. `section` is the text of a
 * `##` or `###` heading of the lesson (compared without backticks, case or spacing). slides-coverage.int.test.ts
 * fails when a lesson or a section disappears, and when the slides gain a heading missing from this list.
 */

export interface ChecklistItem {
  /** slide is the slide's heading, as written in the slides. */
  slide: string;
  /** topic is what the slide teaches under that heading (the heading itself, or one of its key points). */
  topic: string;
  /** lesson is the lesson id: `<chapter>/<lesson>` under content/fr, without `.mdx`. */
  lesson: string;
  /** section is the lesson heading that covers the topic. */
  section: string;
}

/** SLIDES_WITHOUT_LESSON are slide headings that teach nothing (title, author, agenda, closing). */
export const SLIDES_WITHOUT_LESSON = [
  'kubernetes',
  'Qui je suis?',
  'Vladimir Ostapenco',
  'MONOLITHIC',
  'VS.',
  'MICROSERVICES',
  'redhat.com',
  '[Kubernetes.io](https://kubernetes.io)',
  'fanout-ingress.yaml',
  'Merci pour votre attention!',
];

const intro = '00-introduction/01-pourquoi-kubernetes';
const controlPlane = '01-architecture/01-plan-de-controle';
const workers = '01-architecture/02-noeuds-de-travail';
const runtimes = '01-architecture/03-runtimes-cri';

export const CHECKLIST: ChecklistItem[] = [
  {
    slide: 'Microservices',
    topic: 'Monolithe ou microservices',
    lesson: intro,
    section: 'Du monolithe aux microservices',
  },
  {
    slide: 'Microservices - Pourquoi?',
    topic: 'Pourquoi les microservices',
    lesson: intro,
    section: 'Du monolithe aux microservices',
  },
  {
    slide: 'Microservices sans orchestration = enfer',
    topic: 'Sans orchestrateur, tout est manuel',
    lesson: intro,
    section: "Des microservices sans orchestration : l'enfer",
  },
  {
    slide: 'Kubernetes (K8s)',
    topic: 'Définition de Kubernetes',
    lesson: intro,
    section: 'Kubernetes en une phrase',
  },
  {
    slide: 'Kubernetes (K8S)',
    topic: 'Ce que Kubernetes apporte',
    lesson: intro,
    section: 'Kubernetes en une phrase',
  },
  {
    slide: 'Kubernetes (K8s) - Peut sauver votre entreprise',
    topic: 'En avez-vous besoin ?',
    lesson: intro,
    section: 'En avez-vous besoin ?',
  },
  { slide: "Aujourd'hui", topic: 'Le programme', lesson: intro, section: 'Le programme' },
  {
    slide: 'Architecture',
    topic: 'Plan de contrôle et nœuds',
    lesson: controlPlane,
    section: 'Un cluster, deux rôles',
  },
  {
    slide: 'Architecture: Master Node',
    topic: 'API Server',
    lesson: controlPlane,
    section: "Le serveur d'API (kube-apiserver)",
  },
  {
    slide: 'Architecture: Master Node',
    topic: 'Scheduler',
    lesson: controlPlane,
    section: "L'ordonnanceur (kube-scheduler)",
  },
  {
    slide: 'Architecture: Master Node',
    topic: 'Controller manager',
    lesson: controlPlane,
    section: 'Le gestionnaire de contrôleurs (kube-controller-manager)',
  },
  { slide: 'Architecture: Master Node', topic: 'etcd', lesson: controlPlane, section: 'etcd' },
  {
    slide: 'Architecture: Master Node',
    topic: 'Haute disponibilité',
    lesson: controlPlane,
    section: 'La haute disponibilité',
  },
  { slide: 'Architecture: Worker Node', topic: 'kubelet', lesson: workers, section: 'Le kubelet' },
  { slide: 'Architecture: Worker Node', topic: 'kube-proxy', lesson: workers, section: 'kube-proxy' },
  {
    slide: 'Architecture: Worker Node',
    topic: 'container runtime',
    lesson: workers,
    section: 'Le runtime de conteneurs',
  },
  {
    slide: 'Kubernetes (K8s) - Abandon de Docker',
    topic: 'dockershim',
    lesson: runtimes,
    section: "dockershim : le pont, puis l'abandon",
  },
  {
    slide: 'Kubernetes (K8s) - Abandon de Docker',
    topic: 'containerd et CRI-O',
    lesson: runtimes,
    section: 'Les alternatives : containerd et CRI-O',
  },
  {
    slide: 'Namespaces',
    topic: 'Cluster virtuel',
    lesson: '02-namespaces/01-espaces-de-noms',
    section: 'Un cluster, plusieurs clusters virtuels',
  },
  {
    slide: 'Namespaces',
    topic: 'Noms uniques',
    lesson: '02-namespaces/01-espaces-de-noms',
    section: "L'unicité des noms",
  },
  {
    slide: 'Namespaces',
    topic: 'default, kube-system, kube-public, kube-node-lease',
    lesson: '02-namespaces/01-espaces-de-noms',
    section: 'Les namespaces créés avec le cluster',
  },
  {
    slide: 'Server API',
    topic: 'Tout est objet',
    lesson: '03-serveur-api/01-api-kubernetes',
    section: 'Tout est objet',
  },
  {
    slide: 'Server API',
    topic: 'Seul interlocuteur de etcd',
    lesson: '03-serveur-api/01-api-kubernetes',
    section: "Le serveur d'API, point de passage obligé",
  },
  {
    slide: 'Server API',
    topic: 'Appels REST',
    lesson: '03-serveur-api/01-api-kubernetes',
    section: 'Une API REST',
  },
  {
    slide: 'Server API',
    topic: 'Bibliothèques Go ou Python',
    lesson: '03-serveur-api/01-api-kubernetes',
    section: "Utiliser l'API depuis vos programmes",
  },
  {
    slide: 'Server API',
    topic: 'kubectl',
    lesson: '03-serveur-api/02-kubectl-et-manifestes',
    section: "La forme d'une commande kubectl",
  },
  {
    slide: 'Pods',
    topic: 'Unité de base',
    lesson: '04-pods/01-le-pod',
    section: 'Pourquoi un Pod, et pas un conteneur ?',
  },
  {
    slide: 'Pods',
    topic: 'Plusieurs conteneurs : cas avancé',
    lesson: '04-pods/03-pods-multi-conteneurs',
    section: "Un cas d'usage avancé",
  },
  {
    slide: 'Controllers',
    topic: 'Réplication et auto-réparation',
    lesson: '05-controleurs/01-replicasets-et-deployments',
    section: "L'auto-réparation",
  },
  {
    slide: 'Controllers',
    topic: 'Rolling updates',
    lesson: '05-controleurs/02-mises-a-jour-et-rollback',
    section: 'Déclencher une mise à jour',
  },
  {
    slide: 'Controllers',
    topic: 'Rollback',
    lesson: '05-controleurs/02-mises-a-jour-et-rollback',
    section: 'Le retour arrière',
  },
  {
    slide: 'Controllers: Deployments',
    topic: 'Deployment',
    lesson: '05-controleurs/01-replicasets-et-deployments',
    section: 'Le Deployment',
  },
  {
    slide: 'Controllers: Deployments',
    topic: 'ReplicaSet',
    lesson: '05-controleurs/01-replicasets-et-deployments',
    section: 'Le ReplicaSet',
  },
  {
    slide: 'Controllers: StatefulSets',
    topic: 'Pods avec une identité',
    lesson: '05-controleurs/03-statefulsets-et-daemonsets',
    section: 'Les StatefulSets : des Pods qui ont une identité',
  },
  {
    slide: 'Controllers: DaemonSets',
    topic: 'Un Pod par nœud',
    lesson: '05-controleurs/03-statefulsets-et-daemonsets',
    section: 'Les DaemonSets : un Pod sur chaque nœud',
  },
  {
    slide: 'Controllers: DaemonSets',
    topic: 'Scheduler et taints',
    lesson: '05-controleurs/03-statefulsets-et-daemonsets',
    section: 'DaemonSets, scheduler et taints',
  },
  {
    slide: 'Labels et Label Selectors',
    topic: 'Labels',
    lesson: '06-labels-selecteurs/01-labels',
    section: 'Des étiquettes sur les objets',
  },
  {
    slide: 'Labels et Label Selectors',
    topic: "Sélecteurs d'égalité",
    lesson: '06-labels-selecteurs/02-selecteurs',
    section: "Les sélecteurs d'égalité",
  },
  {
    slide: 'Labels et Label Selectors',
    topic: "Sélecteurs d'ensemble",
    lesson: '06-labels-selecteurs/02-selecteurs',
    section: "Les sélecteurs d'ensemble",
  },
  {
    slide: 'Labels et Label Selectors',
    topic: 'Sélecteurs dans les manifestes',
    lesson: '06-labels-selecteurs/02-selecteurs',
    section: 'Les sélecteurs dans les manifestes',
  },
  {
    slide: 'Services',
    topic: 'ClusterIP',
    lesson: '07-services/01-services-clusterip',
    section: 'Créer un Service ClusterIP',
  },
  {
    slide: 'Services',
    topic: 'NodePort',
    lesson: '07-services/02-nodeport-loadbalancer-externalname',
    section: 'NodePort : un port ouvert sur chaque nœud',
  },
  {
    slide: 'Services',
    topic: 'LoadBalancer',
    lesson: '07-services/02-nodeport-loadbalancer-externalname',
    section: "LoadBalancer : l'équilibreur du fournisseur de cloud",
  },
  {
    slide: 'Services',
    topic: 'ExternalName',
    lesson: '07-services/02-nodeport-loadbalancer-externalname',
    section: 'ExternalName : un alias DNS',
  },
  {
    slide: 'Services: Ingress',
    topic: 'Ingress',
    lesson: '07-services/03-ingress',
    section: "L'Ingress et son contrôleur",
  },
  {
    slide: 'Services: Ingress',
    topic: 'Single Service Ingress',
    lesson: '07-services/03-ingress',
    section: 'Single Service Ingress',
  },
  {
    slide: 'Services: Ingress',
    topic: 'Simple fanout',
    lesson: '07-services/03-ingress',
    section: 'Simple fan-out',
  },
  {
    slide: 'Services: Ingress',
    topic: 'Name based virtual hosting',
    lesson: '07-services/03-ingress',
    section: 'Hébergement virtuel par nom',
  },
  {
    slide: 'Scheduling!',
    topic: 'Le scheduler',
    lesson: '08-ordonnancement/01-requests-limits-qos',
    section: 'Comment le scheduler choisit un nœud',
  },
  {
    slide: 'Scheduling: CPU et RAM!',
    topic: 'Requests et limits',
    lesson: '08-ordonnancement/01-requests-limits-qos',
    section: 'Requests et limits',
  },
  {
    slide: 'Scheduling: Taints et Tolerations',
    topic: 'Taints',
    lesson: '08-ordonnancement/02-taints-tolerations',
    section: 'Les trois effets',
  },
  {
    slide: 'Scheduling: Taints et Tolerations',
    topic: 'Tolerations',
    lesson: '08-ordonnancement/02-taints-tolerations',
    section: 'Écrire une tolérance',
  },
  {
    slide: 'Scheduling: Taints et Tolerations',
    topic: 'Taint du master',
    lesson: '08-ordonnancement/02-taints-tolerations',
    section: 'Le taint du plan de contrôle',
  },
  {
    slide: 'Networking',
    topic: 'Au sein du même nœud',
    lesson: '09-reseau/01-modele-reseau-cni',
    section: 'Au sein d’un même nœud',
  },
  {
    slide: 'Networking: Container Network Interface (CNI)',
    topic: 'CNI',
    lesson: '09-reseau/01-modele-reseau-cni',
    section: 'Entre les nœuds : CNI',
  },
  {
    slide: 'Networking: Cluster DNS!',
    topic: 'Noms DNS des Services',
    lesson: '09-reseau/02-dns-coredns',
    section: 'Un nom pour chaque Service',
  },
  {
    slide: 'Networking: Cluster DNS!',
    topic: 'CoreDNS',
    lesson: '09-reseau/02-dns-coredns',
    section: 'CoreDNS',
  },
  {
    slide: 'Networking: Cluster DNS!',
    topic: 'dnsPolicy et dnsConfig',
    lesson: '09-reseau/02-dns-coredns',
    section: "Régler le DNS d'un Pod",
  },
  {
    slide: 'Stockage: Volumes Persistants',
    topic: 'PersistentVolume',
    lesson: '10-stockage/02-persistentvolumes-pvc',
    section: 'Un PersistentVolume',
  },
  {
    slide: "Stockage: Modes d'accès",
    topic: "Modes d'accès",
    lesson: '10-stockage/02-persistentvolumes-pvc',
    section: "Les modes d'accès",
  },
  {
    slide: 'Stockage: Politiques de rétention',
    topic: 'persistentVolumeReclaimPolicy',
    lesson: '10-stockage/02-persistentvolumes-pvc',
    section: 'Les politiques de rétention',
  },
  {
    slide: 'Stockage: Persistent Volume Claims (PVC)',
    topic: 'PVC',
    lesson: '10-stockage/02-persistentvolumes-pvc',
    section: 'Une PersistentVolumeClaim',
  },
  {
    slide: 'Stockage: Persistent Volume Claims (PVC)',
    topic: 'Monter une PVC',
    lesson: '10-stockage/02-persistentvolumes-pvc',
    section: 'Monter la PVC dans un Pod',
  },
  {
    slide: 'Stockage: StorageClass!',
    topic: 'Provisionnement dynamique',
    lesson: '10-stockage/03-storageclass-provisionnement-dynamique',
    section: 'Écrire une StorageClass',
  },
  {
    slide: 'Stockage: hostPath et emptyDir',
    topic: 'emptyDir',
    lesson: '10-stockage/01-volumes-emptydir-hostpath',
    section: 'emptyDir : un répertoire partagé',
  },
  {
    slide: 'Stockage: hostPath et emptyDir',
    topic: 'hostPath',
    lesson: '10-stockage/01-volumes-emptydir-hostpath',
    section: 'hostPath : un chemin du nœud',
  },
  {
    slide: 'Sécurité: Authentification!',
    topic: 'Utilisateurs par certificat',
    lesson: '11-securite/01-authentification',
    section: 'Un utilisateur par certificat',
  },
  {
    slide: 'Sécurité: Authentification!',
    topic: 'ServiceAccounts',
    lesson: '11-securite/01-authentification',
    section: 'Les ServiceAccounts',
  },
  { slide: 'Sécurité: Autorisation RBAC!', topic: 'Role', lesson: '11-securite/02-rbac', section: 'Un Role' },
  {
    slide: 'Sécurité: Autorisation RBAC!',
    topic: 'RoleBinding',
    lesson: '11-securite/02-rbac',
    section: 'Un RoleBinding',
  },
  {
    slide: 'Sécurité: Autorisation RBAC!',
    topic: 'ClusterRole',
    lesson: '11-securite/02-rbac',
    section: 'ClusterRole et ClusterRoleBinding',
  },
  {
    slide: 'Sécurité: Stratégies Réseau (Network Policies)!',
    topic: 'NetworkPolicy',
    lesson: '11-securite/03-networkpolicies',
    section: 'Refuser tout le trafic entrant',
  },
  {
    slide: 'Sécurité: Secrets',
    topic: 'Secrets',
    lesson: '11-securite/04-secrets-configmaps',
    section: 'Les Secrets',
  },
  {
    slide: 'ConfigMaps',
    topic: 'ConfigMaps',
    lesson: '11-securite/04-secrets-configmaps',
    section: 'Les ConfigMaps',
  },
  {
    slide: 'Monitoring: Serveur des métriques',
    topic: 'Metrics Server',
    lesson: '12-supervision/01-metrics-server-kubectl-top',
    section: 'Metrics Server',
  },
  {
    slide: 'Monitoring: Serveur des métriques',
    topic: 'kubectl top',
    lesson: '12-supervision/01-metrics-server-kubectl-top',
    section: 'kubectl top pods',
  },
  {
    slide: 'Monitoring: Surveillance des applications',
    topic: 'Liveness',
    lesson: '12-supervision/02-sondes',
    section: 'Liveness : redémarrer une application bloquée',
  },
  {
    slide: 'Monitoring: Surveillance des applications',
    topic: 'Readiness',
    lesson: '12-supervision/02-sondes',
    section: 'Readiness : retenir le trafic',
  },
  {
    slide: 'Monitoring: Surveillance des applications',
    topic: 'Startup',
    lesson: '12-supervision/02-sondes',
    section: 'Startup : laisser du temps aux applications lentes',
  },
];
