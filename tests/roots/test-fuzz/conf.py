extensions = ["myst_parser", "onprobation_ext"]
myst_enable_extensions = ["colon_fence"]
smartquotes = False
nitpicky = True
exclude_patterns = ["_build"]
html_theme = "basic"
html_baseurl = "https://archive.example/"
