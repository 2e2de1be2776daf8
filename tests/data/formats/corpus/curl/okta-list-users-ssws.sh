curl -v -X GET \
-H "Accept: application/json" \
-H "Content-Type: application/json" \
-H "Authorization: SSWS 002PJpV2Uj8brwAcLVoEyNprIQr3tU_UJYp1wBWiaN" \
"https://dev-123456.okta.com/api/v1/users?limit=25"
