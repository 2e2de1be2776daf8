curl --oauth2-bearer "IenZRFmpoa~TRbC6e2sU1Jxf4O2q2.~T-JDB-S7A" --digest -u "admin:Mx-KHtMB8d0LwFXTp" https://internal.example.com/admin/status
