from rest_framework.routers import SimpleRouter

from .views import LedgerLineViewSet

router = SimpleRouter()
router.register("ledger", LedgerLineViewSet, basename="ledgerline")
urlpatterns = router.urls
