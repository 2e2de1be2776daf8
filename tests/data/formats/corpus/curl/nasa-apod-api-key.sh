curl "https://api.nasa.gov/planetary/apod?api_key=fvmK91f7XkjEsFxZtsN4UuF7jwkaAUvdvkd7a3LN&date=2024-01-01"
