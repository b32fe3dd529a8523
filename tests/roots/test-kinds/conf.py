extensions = ["myst_parser", "onprobation_ext"]
onprobation_seeds = "seeds"
myst_enable_extensions = ["colon_fence"]
smartquotes = False
nitpicky = True
exclude_patterns = ["_build", "seeds"]
html_baseurl = "https://archive.example/"
