"""The HTML interface's views: thin edges over the domain apps' services and selectors."""
