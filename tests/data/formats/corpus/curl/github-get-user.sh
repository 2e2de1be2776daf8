curl -L \
  -H "Accept: application/vnd.github+json" \
  -H "Authorization: Bearer ghp_1LocccV4oFjHvUVKLpVULui5OkgLrUbDQFSP" \
  -H "X-GitHub-Api-Version: 2022-11-28" \
  https://api.github.com/user
