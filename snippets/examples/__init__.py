"""Os quatro exemplos graduados do perfil: Básico, Intermediário, Avançado e Expert."""
