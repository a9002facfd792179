"""Benchmarks: o que cada boa prática rende (treino, inferência, dados, memória)."""
