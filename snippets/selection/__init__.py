"""Score de seleção: quando o PyTorch é a biblioteca indicada para uma tarefa."""
