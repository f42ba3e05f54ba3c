"""What the console decides by itself: who may open which page, labels, view models."""
