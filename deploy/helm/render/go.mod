module atelier/render

go 1.19
