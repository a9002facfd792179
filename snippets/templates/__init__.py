"""Templates por caso de uso: inferência, laço de treino e aceleração por GPU."""
