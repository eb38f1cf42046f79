from rest_framework.routers import SimpleRouter

from .views import EditionViewSet, ItemViewSet

router = SimpleRouter()
router.register("whitelist/editions", EditionViewSet, basename="whitelist-edition")
router.register("whitelist/items", ItemViewSet, basename="whitelist-item")
urlpatterns = router.urls
