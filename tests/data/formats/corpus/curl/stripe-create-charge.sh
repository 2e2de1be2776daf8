curl https://api.stripe.com/v1/charges \
  -u sk_test_XPTxGSsBZDqgjRe6Luv4qFY7: \
  -d amount=2000 \
  -d currency=usd \
  -d source=tok_visa \
  -d description="My First Test Charge (created for API docs)"
