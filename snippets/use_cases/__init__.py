"""Casos de uso do perfil: um exemplo testado por caso de uso e palavra-chave."""
