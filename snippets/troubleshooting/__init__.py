"""Solução de problemas comuns: memória, modelo que não treina e overfitting."""
