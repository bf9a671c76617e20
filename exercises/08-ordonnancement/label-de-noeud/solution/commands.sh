kubectl label node node02 gpu=true
