curl \
  -d "client_id=admin-cli" \
  -d "username=admin" \
  -d "password=Kc-tKm2byXlYW1tymiC" \
  -d "grant_type=password" \
  "http://localhost:8080/realms/master/protocol/openid-connect/token"
