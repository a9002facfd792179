"""The API index: torch/torchvision names used by the shown code (Índice da API)."""
