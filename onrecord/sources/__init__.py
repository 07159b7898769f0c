"""Sources: where pages come from (files, URLs, feeds, sitemaps, WARC archives)."""
