curl https://api.stripe.com/v1/customers \
  -H "Authorization: Bearer sk_test_WKaZO7eKNwSOsw11NYq2uB8a" \
  -d limit=3 \
  -G
