"""Boas práticas: dispositivo, DataLoader, checkpoints e precisão mista."""
