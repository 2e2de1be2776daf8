curl --aws-sigv4 "aws:amz:us-east-2:es" --user "AKIAIOSFODNN7EXAMPLE:wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" https://search-movies-4fxk2a7bq3c5hxmz6r4lwyzq1e.us-east-2.es.amazonaws.com/_cat/indices
