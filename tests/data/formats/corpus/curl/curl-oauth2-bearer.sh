curl --oauth2-bearer "vIk_pnM8hL8NFDmfyt-EqpFeVIqiNZvYFXcX1Om_" https://api.example.com/v1/reports
