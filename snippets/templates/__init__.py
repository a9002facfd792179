"""Templates por caso de uso: inferência, loop de treino e aceleração por GPU."""
